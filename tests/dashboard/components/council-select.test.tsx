import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { CouncilSelect } from '../../../dashboard/src/components/council-select';
import type { CouncilOption } from '../../../dashboard/src/lib/areas';

const councils: CouncilOption[] = [
  { code: 'E06000023', name: 'Bristol, City of', type: 'unitary authority' },
  { code: 'E10000016', name: 'Kent', type: 'county' },
  { code: 'E10000032', name: 'West Sussex', type: 'county' },
];

describe('CouncilSelect', () => {
  it('is a labelled list of the councils in the order given, showing the chosen one', () => {
    render(<CouncilSelect councils={councils} value="E10000016" onChange={() => {}} />);

    const select = screen.getByRole('combobox', { name: 'Council' });
    expect(
      within(select)
        .getAllByRole('option')
        .map((option) => option.textContent),
    ).toEqual(['Bristol, City of', 'Kent', 'West Sussex']);
    expect(select).toHaveValue('E10000016');
    expect(within(select).getByRole('option', { name: 'Kent' })).toHaveProperty('selected', true);
  });

  it('reports the code of the council the user picks', async () => {
    const onChange = vi.fn();
    render(<CouncilSelect councils={councils} value="E10000032" onChange={onChange} />);

    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Council' }), 'Bristol, City of');

    expect(onChange).toHaveBeenCalledExactlyOnceWith('E06000023');
  });

  it('can be operated from the keyboard', async () => {
    const onChange = vi.fn();
    render(<CouncilSelect councils={councils} value="E06000023" onChange={onChange} />);

    await userEvent.tab();
    expect(screen.getByRole('combobox', { name: 'Council' })).toHaveFocus();
  });
});
