function downloadText(text: string, fileName: string) {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  // Some browsers start the download asynchronously; revoking at once can cancel it.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/** `csv` runs on click, so a page does not build a file nobody downloads. */
export function DownloadCsvButton({ csv, fileName }: { csv: () => string; fileName: string }) {
  return (
    <button type="button" className="button" data-testid="download-csv" onClick={() => downloadText(csv(), fileName)}>
      Download CSV
    </button>
  );
}
