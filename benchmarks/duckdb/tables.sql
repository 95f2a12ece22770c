-- Second step of the load, once std exists (see load.sql).

CREATE TABLE work AS
SELECT s.work, first(w.work ORDER BY w.rn) AS designation, s.kind,
       s.kind = 'management-system-requirements' AS certifiable
FROM (SELECT *, row_number() OVER () AS rn FROM raw_standard) w
JOIN std s ON s.text = trim(w.edition)
GROUP BY s.work, s.kind;

CREATE TABLE edition AS
SELECT s.standard AS edition, s.work, trim(r.edition) AS designation,
       TRY_CAST(nullif(trim(r.transition_ends), '') AS DATE) AS transition_ends,
       p.standard AS replaces
FROM raw_standard r
JOIN std s ON s.text = trim(r.edition)
LEFT JOIN std p ON p.text = trim(r.replaces);

CREATE TABLE ab AS
SELECT trim(id) AS id, name,
       CASE coalesce(nullif(lower(trim(iaf_mla_signatory)), ''),
                     CASE WHEN coalesce(trim(iaf_mla_scopes), '') <> '' THEN 'yes' ELSE 'no' END)
           WHEN 'yes' THEN 'signatory' WHEN 'no' THEN 'not-signatory'
           WHEN 'unverified' THEN 'unverified' END AS state,
       coalesce(lower(trim(iaf_mla_scopes_complete)) NOT IN ('no', 'false', '0'), true)
           AS complete,
       iaf_mla_scopes
FROM raw_ab;

-- ag:subScopeStandard: the management-system works on a signatory's IAF MLA scope list.
CREATE TABLE ab_scope AS
SELECT DISTINCT a.id AS ab, s.work
FROM ab a, unnest(string_split(a.iaf_mla_scopes, ';')) AS t(item)
JOIN std s ON s.text = trim(t.item)
WHERE a.state = 'signatory' AND NOT s.main_scope
  AND s.kind = 'management-system-requirements';

CREATE TABLE cb AS SELECT trim(id) AS id, name FROM raw_cb;

CREATE TABLE membership AS
SELECT DISTINCT trim(member) AS member FROM raw_membership;

CREATE TABLE accreditation AS
SELECT trim(id) AS id, trim(accreditation_body) AS ab, trim(certification_body) AS cb,
       CAST(valid_from AS DATE) AS valid_from, CAST(valid_until AS DATE) AS valid_until,
       trim(status) AS status, coalesce(trim(sectors), '') = '' AS all_sectors, standards, sectors
FROM raw_accreditation;

-- ag:coversStandard: one row per accreditation and standard (a set, as triples are).
CREATE TABLE acc_std AS
SELECT DISTINCT a.id, s.standard, s.work
FROM accreditation a, unnest(string_split(a.standards, ';')) AS t(item)
JOIN std s ON s.text = trim(t.item);

CREATE TABLE acc_sector AS
SELECT DISTINCT a.id, CAST(trim(t.item) AS INTEGER) AS sector
FROM accreditation a, unnest(string_split(a.sectors, ';')) AS t(item)
WHERE trim(t.item) <> '';

CREATE TABLE certificate AS
SELECT trim(c.id) AS id, c.organisation, trim(c.country) AS country,
       trim(c.certification_body) AS cb, c.standard AS designation, s.standard, s.work,
       CAST(c.issued AS DATE) AS issued, CAST(c.valid_until AS DATE) AS valid_until,
       trim(c.status) AS status, c.sectors
FROM raw_certificate c
LEFT JOIN std s ON s.text = trim(c.standard);

CREATE TABLE cert_sector AS
SELECT DISTINCT c.id, CAST(trim(t.item) AS INTEGER) AS sector
FROM certificate c, unnest(string_split(c.sectors, ';')) AS t(item)
WHERE trim(t.item) <> '';
