-- red-flag-lapsed-accreditation-valid-certificates: accreditations suspended, withdrawn,
-- expired or past their validity on $as_of, with no other accreditation in force covering the
-- (body, standard), and the body's "valid" certificates for that standard not yet at their end.
WITH covered AS (
  SELECT a.id AS accreditation, a.status, a.valid_from, a.valid_until, a.cb, a.ab, s.work,
         CASE WHEN a.status <> 'active' THEN a.status
              WHEN a.valid_until < CAST($as_of AS DATE) THEN 'past-validity'
              ELSE 'in-force' END AS lapse
  FROM accreditation a JOIN acc_std s ON s.id = a.id
), in_force AS (
  SELECT DISTINCT cb, work FROM covered
  WHERE status = 'active'
    AND valid_from <= CAST($as_of AS DATE) AND CAST($as_of AS DATE) <= valid_until
), lapsed AS (
  SELECT v.* FROM covered v ANTI JOIN in_force g ON g.cb = v.cb AND g.work = v.work
  WHERE v.lapse <> 'in-force'
)
SELECT l.accreditation, l.status, l.valid_until AS accreditation_until, l.lapse, l.ab, l.cb,
       c.id, c.designation, c.valid_until
FROM lapsed l
JOIN certificate c ON c.cb = l.cb AND c.work = l.work
WHERE c.status = 'valid' AND c.valid_until >= CAST($as_of AS DATE)
ORDER BY l.accreditation, c.id
