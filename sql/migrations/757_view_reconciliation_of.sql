-- Replaces 756 with the same rows and columns (its description, 746's, 744's and 324's still
-- hold): the customers' own message ids are read once (746-756 read their keys' messages twice,
-- once for the ids and once for the Meta conversations they name), and only the other messages
-- named with theirs are looked up in message_keys for their keys (756 looked up every id; the
-- customers' own keys are given). A batch's 1,000 keys at 10M messages: see docs/reconcile.md.
CREATE OR REPLACE VIEW reconciliation_of AS
WITH
  -- the customers' message ids (every stored row of their keys), read once (a scalar; [] with no keys)
  (SELECT groupUniqArray(message_id) FROM messages
   WHERE (bucket, phone_number_id, wa_id) IN (SELECT bucket, phone_number_id, wa_id FROM customer_key_set(key_phones = {key_phones:Array(String)}, key_wa_ids = {key_wa_ids:Array(String)}))) AS own_ids,
  -- those of every status line naming a Meta conversation id that a line of theirs names
  (SELECT groupUniqArray(message_id) FROM statuses
   WHERE conversation_id IN (
     SELECT conversation_id FROM statuses WHERE conversation_id != '' AND message_id IN (SELECT arrayJoin(own_ids)))) AS shared_ids,
  -- the message ids looked at (a set where looked_at reads statuses by them)
  arrayDistinct(arrayConcat(own_ids, shared_ids)) AS ids,
  -- the keys (bucket, phone_number_id, wa_id) of those messages now: the customers' own, and those
  -- of the other messages named with theirs (message_keys, found by the hashes of their ids)
  arrayDistinct(arrayConcat(
    (SELECT groupArray((bucket, phone_number_id, wa_id)) FROM customer_key_set(key_phones = {key_phones:Array(String)}, key_wa_ids = {key_wa_ids:Array(String)})),
    (SELECT groupUniqArray(k) FROM (
       SELECT argMax((bucket, phone_number_id, wa_id), version) AS k FROM message_keys
       WHERE h IN (SELECT cityHash64(arrayJoin(shared_ids))) AND message_id IN (SELECT arrayJoin(shared_ids))
       GROUP BY message_id)))) AS id_keys,
  NOT empty({key_phones:Array(String)}) AS keyed,
  looked_at AS (
    SELECT * FROM meta_pricing WHERE empty({key_phones:Array(String)}) OR message_id IN (SELECT arrayJoin(ids))
  )
SELECT kind,
       if(kind = 'CATEGORY_MISMATCH' OR model = 'PMP', 'message', 'conversation') AS level,
       waba_id, phone_number_id, wa_id, local_date, event_at, message_id, template_name, template_category,
       verdict, conversation_id, conversation_category, derived_pricing_type,
       toUInt32(if(kind = 'CONVERSATION_SPLIT', conv_derived, conversation_id != '')) AS derived_conversations,
       model AS meta_pricing_model, meta_billable, meta_category, meta_type, meta_conversation_id, meta_origin_type,
       multiIf(kind = 'CONVERSATION_SPLIT', NULL,
               kind = 'FREE_BUT_CHARGED', toNullable(toDecimal64(0, 6)),
               kind = 'BILLED_BUT_FREE' OR meta_charges, meta_price,
               toNullable(toDecimal64(0, 6))) AS meta_cost,
       multiIf(kind = 'CONVERSATION_SPLIT', NULL,
               kind = 'BILLED_BUT_FREE', toNullable(toDecimal64(0, 6)),
               kind = 'FREE_BUT_CHARGED' OR derived_charges, derived_price,
               toNullable(toDecimal64(0, 6))) AS derived_cost,
       meta_cost - derived_cost AS cost_difference,
       if(kind = 'CONVERSATION_SPLIT', '', currency) AS currency
FROM (
  SELECT *,
    arrayFilter(k -> k != '', [
      if(mismatch, 'CATEGORY_MISMATCH', ''),
      -- per message (PMP)
      if(model = 'PMP' AND NOT mismatch AND meta_billable = 1 AND NOT derived_charges, 'BILLED_BUT_FREE', ''),
      if(model = 'PMP' AND NOT mismatch AND meta_billable = 0 AND derived_charges, 'FREE_BUT_CHARGED', ''),
      -- per Meta conversation (CBP), on its first message
      if(is_head AND NOT mismatch AND conv_billable = 1 AND conversation_id != ''
           AND (NOT conversation_charged OR billable_rank > 1), 'BILLED_BUT_FREE', ''),
      if(is_head AND head_no = 1 AND conversation_charged AND x_billable_heads = 0 AND x_mismatch_openers = 0, 'FREE_BUT_CHARGED', ''),
      if(is_head AND (conv_derived > 1 OR (conv_billable = 1 AND conv_derived = 0)), 'CONVERSATION_SPLIT', '')
    ]) AS kinds
  FROM (
    -- the Meta conversations' first messages (heads), per derived conversation they map to
    SELECT *,
      sum(toUInt32(is_head AND conv_billable = 1)) OVER (PARTITION BY conversation_id ORDER BY event_at, message_id ROWS UNBOUNDED PRECEDING) AS billable_rank,
      sum(toUInt32(is_head)) OVER (PARTITION BY conversation_id ORDER BY event_at, message_id ROWS UNBOUNDED PRECEDING) AS head_no,
      sum(toUInt32(is_head AND conv_billable = 1)) OVER (PARTITION BY conversation_id) AS x_billable_heads,
      sum(toUInt32(is_head AND mismatch AND derived_charges)) OVER (PARTITION BY conversation_id) AS x_mismatch_openers
    FROM (
      SELECT *,
        -- a template Meta priced in another template category
        template_category != '' AND meta_category IN ('MARKETING', 'MARKETING_LITE', 'UTILITY', 'AUTHENTICATION', 'AUTHENTICATION_INTERNATIONAL')
          AND meta_category != if(conversation_category = 'AUTHENTICATION_INTERNATIONAL', conversation_category, template_category) AS mismatch,
        row_number() OVER (PARTITION BY model, meta_conversation_id ORDER BY event_at, message_id) AS meta_no,
        model = 'CBP' AND meta_conversation_id != '' AND meta_no = 1 AS is_head,
        max(ifNull(meta_billable, 0)) OVER (PARTITION BY model, meta_conversation_id) AS conv_billable,
        uniqExactIf(conversation_id, conversation_id != '') OVER (PARTITION BY model, meta_conversation_id) AS conv_derived,
        -- Meta charged this message: each billable one under PMP, the first of a billable conversation under CBP
        meta_billable = 1 AND (model = 'PMP' OR meta_conversation_id = '' OR meta_no = 1) AS meta_charges
      FROM (
        SELECT x.*, if(r.market = '', NULL, toNullable(r.price)) AS meta_price,
               if(r.currency != '', r.currency, x.conv_currency) AS currency
        FROM (
          SELECT mp.message_id AS message_id, v.waba_id AS waba_id, v.phone_number_id AS phone_number_id, v.wa_id AS wa_id,
                 v.local_date AS local_date, v.event_at AS event_at, v.template_category AS template_category,
                 msg.template_name AS template_name, v.verdict AS verdict, v.conversation_id AS conversation_id,
                 c.category AS conversation_category, c.market AS market, c.currency AS conv_currency,
                 multiIf(c.conversation_id = '', '', f.conversation_id != '', 'FREE_TIER', c.base_pricing) AS derived_pricing_type,
                 derived_pricing_type = 'REGULAR' AS conversation_charged,
                 -- the derived conversation's price; null when charged without a rate-card row (unpriced_conversations)
                 if(conversation_charged AND (r0.market = '' OR c.local_date < r0.first_from), NULL, toNullable(c.price)) AS derived_price,
                 v.verdict = 'CHARGED' OR (v.verdict = 'OPENED' AND c.opening_message_id = mp.message_id AND conversation_charged) AS derived_charges,
                 if(mp.meta_pricing_model = '', 'CBP', mp.meta_pricing_model) AS model,
                 mp.meta_billable AS meta_billable, mp.meta_category AS meta_category, mp.meta_type AS meta_type,
                 mp.meta_conversation_id AS meta_conversation_id, mp.meta_origin_type AS meta_origin_type
          FROM looked_at AS mp
          INNER JOIN (
            SELECT * EXCEPT sign FROM verdicts
            WHERE (keyed AND (bucket, phone_number_id, wa_id) IN (SELECT arrayJoin(id_keys)))
               OR (NOT keyed AND message_id IN (SELECT message_id FROM looked_at))
            GROUP BY ALL HAVING sum(sign) > 0
          ) AS v ON v.message_id = mp.message_id
          LEFT JOIN (
            SELECT message_id, phone_number_id, wa_id, template_name FROM messages FINAL
            WHERE deleted = 0
              AND ((keyed AND (bucket, phone_number_id, wa_id) IN (SELECT arrayJoin(id_keys)))
                   OR (NOT keyed AND message_id IN (SELECT message_id FROM looked_at)))
          ) AS msg ON msg.message_id = v.message_id AND msg.phone_number_id = v.phone_number_id AND msg.wa_id = v.wa_id
          LEFT JOIN (
            SELECT * EXCEPT sign FROM conversations
            WHERE (keyed AND (bucket, phone_number_id, wa_id) IN (SELECT arrayJoin(id_keys)))
               OR (NOT keyed AND conversation_id IN (SELECT conversation_id FROM verdicts WHERE message_id IN (SELECT message_id FROM looked_at)))
            GROUP BY ALL HAVING sum(sign) > 0
          ) AS c ON c.conversation_id = v.conversation_id
          LEFT JOIN (SELECT conversation_id FROM free_tier GROUP BY ALL HAVING sum(sign) > 0) AS f ON f.conversation_id = v.conversation_id
          LEFT JOIN (SELECT market, category, min(effective_from) AS first_from FROM rate_card GROUP BY market, category) AS r0
            ON r0.market = c.market AND r0.category = c.category
          WHERE v.verdict != 'NOT_DELIVERED'
        ) AS x
        ASOF LEFT JOIN rate_card AS r
          ON r.market = x.market AND r.category = x.meta_category AND r.effective_from <= x.local_date
      )
    )
  )
)
ARRAY JOIN kinds AS kind
WHERE empty({key_phones:Array(String)})
   OR (phone_number_id, wa_id) IN (SELECT phone_number_id, wa_id FROM customer_key_set(key_phones = {key_phones:Array(String)}, key_wa_ids = {key_wa_ids:Array(String)}))
