-- expiring-certificates: "valid" certificates whose last day falls within $days days of $as_of.
SELECT c.id, c.organisation, c.country, c.designation, c.cb, c.valid_until,
       c.valid_until - CAST($as_of AS DATE) AS days_left
FROM certificate c
WHERE c.status = 'valid'
  AND c.valid_until >= CAST($as_of AS DATE)
  AND c.valid_until <= CAST($as_of AS DATE) + CAST($days AS INTEGER)
ORDER BY c.valid_until, c.id
