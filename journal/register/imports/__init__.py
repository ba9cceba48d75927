"""Import of the register from XLSX and CSV: reading files, recognising the ky/ru/en headers,
parsing and validating every row. Nothing here writes to the database: the writes live in
`journal.register.services.imports`."""
