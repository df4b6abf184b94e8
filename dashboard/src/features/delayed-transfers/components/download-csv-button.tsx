import { type CouncilOption, csvFileName, type MonthlyRow, toCsv } from '../data/rows';

function downloadText(text: string, fileName: string) {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  // Some browsers start the download asynchronously; revoking at once can cancel it.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

export function DownloadCsvButton({ rows, council }: { rows: readonly MonthlyRow[]; council: CouncilOption }) {
  return (
    <button
      type="button"
      className="button"
      data-testid="download-csv"
      onClick={() => downloadText(toCsv(rows, council), csvFileName(council))}
    >
      Download CSV
    </button>
  );
}
