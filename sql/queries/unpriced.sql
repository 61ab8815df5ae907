-- Conversations with no price (view unpriced_conversations), by market and category: how many,
-- the first local day, one example conversation. For the warning every command prints.
SELECT market, category, count() AS n, toString(min(local_date)) AS first_day, min(conversation_id) AS example
FROM unpriced_conversations
GROUP BY market, category
ORDER BY n DESC, market, category
