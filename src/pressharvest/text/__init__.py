"""Text handling shared by every site: clean-up, blocks, dates, quotes and speakers."""
