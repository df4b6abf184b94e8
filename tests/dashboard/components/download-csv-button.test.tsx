import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DownloadCsvButton } from '../../../dashboard/src/components/download-csv-button';

const CSV = 'month,council_code\r\n2018-06,E10000032\r\n';

// jsdom's Blob has no text().
function readText(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error);
    reader.readAsText(blob);
  });
}

// --- Mocked seams ---
// jsdom has no object URLs and cannot download files: URL.createObjectURL/revokeObjectURL are stubbed,
// and the hidden link's click is recorded instead of followed.
let created: Blob[];
let clicked: HTMLAnchorElement[];
beforeEach(() => {
  created = [];
  clicked = [];
  URL.createObjectURL = vi.fn((blob: Blob) => {
    created.push(blob);
    return `blob:test/${created.length}`;
  });
  URL.revokeObjectURL = vi.fn();
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    clicked.push(this);
  });
});
afterEach(() => {
  vi.restoreAllMocks();
  vi.useRealTimers();
});

describe('DownloadCsvButton', () => {
  it('builds the file only when clicked', async () => {
    const csv = vi.fn(() => CSV);
    render(<DownloadCsvButton csv={csv} fileName="delayed-transfers-E10000032.csv" />);
    expect(csv).not.toHaveBeenCalled();

    await userEvent.click(screen.getByRole('button', { name: 'Download CSV' }));

    expect(csv).toHaveBeenCalledOnce();
  });

  it('downloads the text as a UTF-8 CSV file under the given name', async () => {
    render(<DownloadCsvButton csv={() => CSV} fileName="delayed-transfers-E10000032.csv" />);

    await userEvent.click(screen.getByRole('button', { name: 'Download CSV' }));

    expect(created).toHaveLength(1);
    expect(created[0]!.type).toBe('text/csv;charset=utf-8');
    expect(await readText(created[0]!)).toBe(CSV);
    expect(clicked).toHaveLength(1);
    expect(clicked[0]!.download).toBe('delayed-transfers-E10000032.csv');
    expect(clicked[0]!.href).toBe('blob:test/1');
  });

  it('releases the object URL after the download has started', async () => {
    vi.useFakeTimers();
    render(<DownloadCsvButton csv={() => CSV} fileName="x.csv" />);

    screen.getByRole('button', { name: 'Download CSV' }).click();
    expect(URL.revokeObjectURL).not.toHaveBeenCalled();
    vi.runAllTimers();

    expect(URL.revokeObjectURL).toHaveBeenCalledExactlyOnceWith('blob:test/1');
  });
});
