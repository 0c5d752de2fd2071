# Indented with tabs, and one continuation line mixing tabs and spaces.


def tabbed(a):
	if a:
		for i in a:
			print(i)
	return a


class Tabs:
	def method(self,
	           other):
		return other

	def	spaced_by_tab(self):	# a tab between def and the name
		return 0
