// hyparquet-writer, the Parquet writer: the one place it is named, with a full specifier, so the
// module also works when imported by URL (a remote module gets no import map).
export { ByteWriter as ParquetBytes, ParquetWriter } from "npm:hyparquet-writer@^0.17.0";
