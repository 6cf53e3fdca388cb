// The fields of a CSV header line: read by the recorded-input reader and by score.

/** The fields of a header line (RFC 4180: quoted fields may hold commas and doubled quotes). */
export function splitCsvHeader(line: string): string[] {
  const fields: string[] = [];
  let i = 0;
  while (i <= line.length) {
    if (line[i] === '"') {
      let field = "";
      i++;
      while (i < line.length) {
        if (line[i] === '"' && line[i + 1] === '"') {
          field += '"';
          i += 2;
        } else if (line[i] === '"') {
          i++;
          break;
        } else field += line[i++];
      }
      fields.push(field);
      i++;
    } else {
      const end = line.indexOf(",", i);
      const stop = end < 0 ? line.length : end;
      fields.push(line.slice(i, stop));
      i = stop + 1;
    }
  }
  return fields;
}
