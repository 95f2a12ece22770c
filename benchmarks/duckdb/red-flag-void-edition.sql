-- red-flag-void-edition: "valid" certificates, not at their end date, to an edition whose
-- transition ended before $as_of (one row per replacing edition, as the SPARQL OPTIONAL gives).
SELECT e.transition_ends, c.id, c.designation, e.edition, r.designation AS replaced_by,
       c.valid_until, c.cb, c.organisation
FROM edition e
JOIN certificate c ON c.standard = e.edition
LEFT JOIN edition r ON r.replaces = e.edition
WHERE e.transition_ends < CAST($as_of AS DATE)
  AND c.status = 'valid' AND c.valid_until >= CAST($as_of AS DATE)
ORDER BY e.transition_ends, c.id
