// Downloads an export with fetch, reading the streamed body piece by piece so that the
// page can show how many rows have arrived and cancel it, then hands the file to the
// browser. Errors the server answers before the first byte (404, 400…) come back as an
// ApiError with the API's code; a download cut short rejects (never a short file).
import { errorFromResponse } from '../../lib/errors';
import { attachmentFilename, CsvRowCounter } from './export-params';

export interface CsvDownload {
  blob: Blob;
  filename: string;
  rows: number;
}

export interface DownloadOptions {
  signal?: AbortSignal;
  /** Called as pieces arrive with the data rows received so far (the header row not counted). */
  onProgress?: (rows: number) => void;
  /** The file name when the server does not give one. */
  fallbackFilename?: string;
}

export async function downloadCsv(url: string, options: DownloadOptions = {}): Promise<CsvDownload> {
  const res = await fetch(url, { credentials: 'same-origin', headers: { Accept: 'text/csv' }, signal: options.signal });
  if (!res.ok) throw await errorFromResponse(res);
  const filename = attachmentFilename(res.headers.get('Content-Disposition'), options.fallbackFilename ?? 'export.csv');
  const counter = new CsvRowCounter();
  const decoder = new TextDecoder();
  const parts: Uint8Array<ArrayBuffer>[] = [];
  if (res.body) {
    const reader = res.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      parts.push(value as Uint8Array<ArrayBuffer>);
      counter.push(decoder.decode(value, { stream: true }));
      options.onProgress?.(counter.rows);
    }
  } else {
    const text = await res.text();
    parts.push(new TextEncoder().encode(text));
    counter.push(text);
  }
  return { blob: new Blob(parts, { type: 'text/csv;charset=utf-8' }), filename, rows: counter.rows };
}

/** Offers a downloaded file to the person: the browser saves it under its name. */
export function saveFile(blob: Blob, filename: string) {
  const href = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = href;
  a.download = filename;
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), 60_000);
}
