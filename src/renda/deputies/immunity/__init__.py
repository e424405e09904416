"""许可: a request to arrest, try or otherwise restrict the liberty of a deputy of this congress between sessions,
reviewed for retaliation and decided by the standing committee; and the report of a deputy detained in the act
(代表法 第三十九条, 组织法 第四十条). Confidential: only the office and the leadership see it."""
