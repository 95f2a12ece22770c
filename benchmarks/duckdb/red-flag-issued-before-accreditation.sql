-- red-flag-issued-before-accreditation: certificates issued before the first accreditation of
-- their body that covers the standard (one row per first accreditation and covered standard,
-- as the SPARQL's subquery gives: an accreditation covering a work and its edition counts twice).
WITH covered AS (
  SELECT a.id, a.cb, a.valid_from, s.work
  FROM accreditation a JOIN acc_std s ON s.id = a.id
), first_from AS (
  SELECT cb, work, min(valid_from) AS accreditation_from FROM covered GROUP BY cb, work
), first_accreditation AS (
  SELECT f.cb, f.work, f.accreditation_from, v.id AS accreditation
  FROM first_from f
  JOIN covered v ON v.cb = f.cb AND v.work = f.work AND v.valid_from = f.accreditation_from
)
SELECT c.id, c.designation, c.issued, c.status, c.cb, x.accreditation, x.accreditation_from,
       x.accreditation_from - c.issued AS days_early
FROM certificate c
JOIN first_accreditation x ON x.cb = c.cb AND x.work = c.work
WHERE c.issued < x.accreditation_from
ORDER BY c.id, x.accreditation
