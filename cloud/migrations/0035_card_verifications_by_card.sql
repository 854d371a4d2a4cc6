-- Issue 22 (portal, my card): the holder reads the checks of their own cards, newest first.
-- Every verification is logged; without this index that read scans the whole log.
CREATE INDEX card_verifications_by_card ON card_verifications (card_id, at DESC) WHERE card_id IS NOT NULL;
