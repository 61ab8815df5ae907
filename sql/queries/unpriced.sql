-- Conversations with no price (view unpriced_conversations), by market and category: how many,
-- the first local day, one example conversation. For the warning every command prints. Only the
-- market, category and local day cells the spend rollup says hold one are read (unpriced_daily,
-- the same test; queries/unpriced_cells counts them first): not every stored conversation.
SELECT market, category, count() AS n, toString(min(local_date)) AS first_day, min(conversation_id) AS example
FROM unpriced_conversations
WHERE (market, category, local_date) IN (
  SELECT market, category, local_date FROM unpriced_daily GROUP BY market, category, local_date HAVING sum(conversations) != 0)
GROUP BY market, category
ORDER BY n DESC, market, category
