-- The register's CSVs (the bundled data/, data/sample/ and the generated register) as tables,
-- normalised the way the graph build writes them: one row per certificate with its standard
-- resolved (ag:againstStandard), the covered standards, sectors and signatory scopes split
-- into tables of their own (one triple each in the graph). The file lists are filled in by
-- benchmarks/duckdb_floor.py; the table std (designation text -> standard, work, kind) is
-- made there by the project's own resolver (graph.vocab.standards), as the build does.

CREATE TABLE raw_ab AS SELECT * FROM read_csv({accreditation_bodies}, header = true,
    all_varchar = true, union_by_name = true);
CREATE TABLE raw_cb AS SELECT * FROM read_csv({certification_bodies}, header = true,
    all_varchar = true, union_by_name = true);
CREATE TABLE raw_accreditation AS SELECT * FROM read_csv({accreditations}, header = true,
    all_varchar = true, union_by_name = true);
CREATE TABLE raw_certificate AS SELECT * FROM read_csv({certificates}, header = true,
    all_varchar = true, union_by_name = true);
CREATE TABLE raw_standard AS SELECT * FROM read_csv({standards}, header = true,
    all_varchar = true);
CREATE TABLE raw_membership AS SELECT * FROM read_csv({memberships}, header = true,
    all_varchar = true);
