-- red-flag-ab-not-signatory: certificates whose body is accredited for the standard only by
-- accreditation bodies that are not IAF MLA signatories listed for it. One row per
-- certificate and such accreditation (and covered standard, as the SPARQL's subquery gives).
WITH covered AS (
  SELECT a.id AS accreditation, a.cb, a.ab, s.work
  FROM accreditation a JOIN acc_std s ON s.id = a.id
), recognised AS (
  SELECT DISTINCT v.cb, v.work
  FROM covered v
  JOIN ab ON ab.id = v.ab AND ab.state = 'signatory'
  JOIN ab_scope sc ON sc.ab = v.ab AND sc.work = v.work
), flagged AS (
  SELECT v.* FROM covered v ANTI JOIN recognised r ON r.cb = v.cb AND r.work = v.work
)
SELECT c.id, c.designation, c.status, c.cb, f.accreditation, f.ab, b.name,
       CASE
         WHEN b.state IS NULL OR b.state = 'not-signatory' THEN
           CASE WHEN f.ab IN (SELECT member FROM membership) THEN 'not-signatory'
                ELSE 'no-recognised-network' END
         WHEN b.state = 'unverified' THEN 'signatory-status-unverified'
         WHEN b.complete THEN 'not-signatory-for-standard'
         ELSE 'mla-scope-unknown'
       END AS problem
FROM flagged f
LEFT JOIN ab b ON b.id = f.ab
JOIN certificate c ON c.cb = f.cb AND c.work = f.work
ORDER BY problem, c.id, f.accreditation
