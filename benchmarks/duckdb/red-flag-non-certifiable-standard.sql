-- red-flag-non-certifiable-standard: certificates to a work nobody can be certified to (or an
-- edition of one), and certificates whose designation names no known standard ("unknown").
SELECT c.id, c.designation, CASE WHEN c.work IS NULL THEN 'unknown' ELSE w.kind END AS kind,
       c.status, c.cb, c.organisation
FROM certificate c
LEFT JOIN work w ON w.work = c.work
WHERE c.work IS NULL OR NOT w.certifiable
ORDER BY kind, c.id
