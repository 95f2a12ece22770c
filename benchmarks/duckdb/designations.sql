-- Every designation text the tables name (certificates, covered standards, signatory scopes,
-- the catalogue itself): benchmarks/duckdb_floor.py resolves each one to the table std.
SELECT DISTINCT trim(standard) AS text FROM raw_certificate
UNION SELECT trim(t.i) FROM raw_accreditation, unnest(string_split(standards, ';')) AS t(i)
UNION SELECT trim(t.i) FROM raw_ab, unnest(string_split(iaf_mla_scopes, ';')) AS t(i)
UNION SELECT trim(edition) FROM raw_standard
UNION SELECT trim(replaces) FROM raw_standard
