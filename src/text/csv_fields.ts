// CSV fields: a header line split (by the recorded-input reader and by score), and a field
// quoted for writing (RFC 4180).

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

/** A CSV field, quoted when it must be (RFC 4180). */
export function quoteCsvField(field: string): string {
  return /[",\r\n]/.test(field) ? `"${field.replaceAll('"', '""')}"` : field;
}
