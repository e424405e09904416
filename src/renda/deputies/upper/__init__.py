"""Deputies to the provincial people's congress elected by this (city) congress (本级人大选出的上一级人大代表), and
what the city standing committee does for them between sessions (选举法 第五十一条至第五十五条、第五十七条):
recall (罢免: proposed by the 主任会议 or ≥ 1/5 of members, 申辩, secret ballot, more than half of ALL members),
resignation (辞职: written, accepted by more than half of all members) and by-election (补选); each resolution filed
with the provincial standing committee (备案、公告).

The other path — a deputy of THIS congress resigning to the district congress's committee that elected them, which
this committee records and announces — is the registry's DeputyChange (rule DEP-RESIGN)."""
