"""The yearly report on the handling of deputies' suggestions (代表法 第五十一条第三款): reported to the standing
committee, printed for the next session of the people's congress, made public."""
