-- One verdict per ingested message (interfaces.md §3), sorted byte-wise by message_id. A
-- per-message SERVICE charge stored as CHARGED is FREE_TIER when derive/40_free_tier ranked it
-- within its free tier (pricing-models.md, "Verdicts under PMP").
SELECT v.message_id AS message_id,
       if(v.verdict = 'CHARGED' AND f.conversation_id != '', 'FREE_TIER', v.verdict) AS verdict,
       if(v.conversation_id = '', NULL, v.conversation_id) AS conversation_id
FROM live_verdicts AS v
LEFT JOIN (SELECT conversation_id FROM free_tier GROUP BY ALL HAVING sum(sign) > 0) AS f
  ON f.conversation_id = v.conversation_id
ORDER BY message_id
