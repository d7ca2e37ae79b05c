/** RFC 4180 CSV: fields with a comma, quote or line break are quoted, quotes doubled; CRLF ends rows. */
export function toCsv(headers: readonly string[], rows: readonly (readonly (string | number | boolean)[])[]): string {
  return [headers, ...rows].map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
}

function csvField(value: string | number | boolean): string {
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
