"""Statutory deadlines and filings that follow appointments (法定时限和备案事项), each a to-do in the inbox with its
due date until the office records it done:

- 新一届政府两个月内提请任命 (组织法 第七十一条, rule APPT-NEW-GOV): registered by the office with the day the new
  government's leaders were elected; due two months later; done when the mayor's nominations have been received;
- 代理检察长的备案 (组织法 第五十条第一款第（十三）项, APPT-FILING): opened when the committee's decision on an acting
  chief procurator is approved; filed with the procuratorate and the standing committee one level up;
- 接受辞职后报本级人民代表大会备案 (组织法 第三十二条第一款, APPT-RESIGN/APPT-FILING): opened when a resignation
  is accepted; due by the opening of the next session of the people's congress, when the committee reports it.
"""
