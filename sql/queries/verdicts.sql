-- One verdict per ingested message (interfaces.md §3), sorted byte-wise by message_id.
SELECT message_id, verdict, if(conversation_id = '', NULL, conversation_id) AS conversation_id
FROM (SELECT * EXCEPT sign FROM verdicts GROUP BY ALL HAVING sum(sign) > 0)
ORDER BY message_id
