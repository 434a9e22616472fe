/** Hands a file the console built or fetched to the browser as a download (serve mode and desktop alike). */
export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked later: the download reads the URL after this returns.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export const saveCsv = (csv: string, fileName: string): void =>
  saveBlob(new Blob([csv], { type: 'text/csv;charset=utf-8' }), fileName);
