-- The register of business phone numbers (phone_numbers, 213: phone-numbers.csv) may name each
-- number's WABA (an optional waba_id column): the spec's "A WABA owns phone numbers", said by the
-- business rather than inferred from the first line stored. View phone_number_owners (741) reads
-- it first; '' (not listed, or no column) leaves the number to its first stored line's WABA.
-- derived data: unchanged (who may write a number's lines, not what any line is charged)
ALTER TABLE phone_numbers ADD COLUMN IF NOT EXISTS waba_id String DEFAULT ''
