-- derived data: unchanged (nothing already derived reads differently: no rebuild)
-- Replaces 651: the same records, each followed by a NUL byte and the webhook object it was read
-- from (the message or status as Meta sent it, re-serialized by the parser, so a raw NUL cannot
-- occur in it), for pipeline/10_parse to refuse a record whose source object gives a key twice
-- (or whose errors[] are not as Meta sends them), as it refuses an NDJSON line: such records
-- were accepted with the first value (break-it trial). The checks run there, once per record at
-- the top of the statement: in these lambdas, per delivery, the same checks cost several times
-- as much; and the source goes beside the record, not inside it, so that reading the record's
-- fields does not parse it again (inside, it cost ~20% of a webhook micro-batch).
CREATE OR REPLACE FUNCTION wacost_value_records AS (waba, value) -> (
  arrayConcat(
    arrayMap((m, waba_json, phone_json) -> concat(
        '{"kind":"message","src":"messages[]","message_id":', wacost_json_or_null(JSONExtractRaw(m, 'id')),
        ',"timestamp":', wacost_json_or_null(JSONExtractRaw(m, 'timestamp')),
        ',"waba_id":', waba_json,
        ',"phone_number_id":', phone_json,
        ',"wa_id":', wacost_json_or_null(JSONExtractRaw(m, 'from')),
        ',"direction":"inbound","type":', wacost_json_or_null(JSONExtractRaw(m, 'type')),
        ',"entry_point":', multiIf(JSONExtractString(m, 'referral', 'source_type') = 'ad', '"ctwa"',
                                   JSONExtractString(m, 'referral', 'source_type') = 'post', '"page_cta"', 'null'),
        ',"ad_id":', wacost_json_or_null(JSONExtractRaw(m, 'referral', 'source_id')),
        ',"ctwa_clid":', wacost_json_or_null(JSONExtractRaw(m, 'referral', 'ctwa_clid')), '}\0', m),
      JSONExtractArrayRaw(value, 'messages'),
      arrayWithConstant(length(JSONExtractArrayRaw(value, 'messages')), waba),
      arrayWithConstant(length(JSONExtractArrayRaw(value, 'messages')),
                        wacost_json_or_null(JSONExtractRaw(value, 'metadata', 'phone_number_id')))),
    arrayMap((st, waba_json) -> concat(
        '{"kind":"status","src":"statuses[]","message_id":', wacost_json_or_null(JSONExtractRaw(st, 'id')),
        ',"status":', wacost_json_or_null(JSONExtractRaw(st, 'status')),
        ',"timestamp":', wacost_json_or_null(JSONExtractRaw(st, 'timestamp')),
        ',"waba_id":', waba_json,
        ',"recipient_id":', wacost_json_or_null(JSONExtractRaw(st, 'recipient_id')),
        ',"error_code":', wacost_json_or_null(JSONExtractRaw(st, 'errors', 1, 'code')),
        ',"error_title":', wacost_json_or_null(JSONExtractRaw(st, 'errors', 1, 'title')),
        -- pricing and conversation given as something else than an object (or null) go as they
        -- are, for pipeline/10_parse to refuse (they were read as absent: break-it trial)
        ',"pricing":', if(JSONType(st, 'pricing') NOT IN ('Object', 'Null') AND JSONHas(st, 'pricing'), JSONExtractRaw(st, 'pricing'), concat(
          '{"billable":', wacost_json_or_null(JSONExtractRaw(st, 'pricing', 'billable')),
          ',"pricing_model":', wacost_json_or_null(JSONExtractRaw(st, 'pricing', 'pricing_model')),
          ',"category":', wacost_json_or_null(JSONExtractRaw(st, 'pricing', 'category')),
          ',"type":', wacost_json_or_null(JSONExtractRaw(st, 'pricing', 'type')), '}')),
        ',"conversation":', if(JSONType(st, 'conversation') NOT IN ('Object', 'Null') AND JSONHas(st, 'conversation'), JSONExtractRaw(st, 'conversation'), concat(
          '{"id":', wacost_json_or_null(JSONExtractRaw(st, 'conversation', 'id')),
          ',"origin":{"type":', wacost_json_or_null(JSONExtractRaw(st, 'conversation', 'origin', 'type')),
          '},"expiration_timestamp":', wacost_json_or_null(JSONExtractRaw(st, 'conversation', 'expiration_timestamp')), '}')), '}\0', st),
      JSONExtractArrayRaw(value, 'statuses'),
      arrayWithConstant(length(JSONExtractArrayRaw(value, 'statuses')), waba)))
)
