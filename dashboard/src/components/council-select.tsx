import { useId } from 'react';
import type { CouncilOption } from '../lib/areas';

export function CouncilSelect({
  councils,
  value,
  onChange,
}: {
  councils: readonly CouncilOption[];
  value: string;
  onChange: (code: string) => void;
}) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>Council</label>
      <select id={id} data-testid="council-select" value={value} onChange={(event) => onChange(event.target.value)}>
        {councils.map((council) => (
          <option key={council.code} value={council.code}>
            {council.name}
          </option>
        ))}
      </select>
    </div>
  );
}
