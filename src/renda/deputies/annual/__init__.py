"""The annual deputy-work plan (年度代表工作计划, 代表法 第四十三条): drafted by the office, adopted by the 主任会议,
notified to the deputies of this congress, published."""
