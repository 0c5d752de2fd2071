# a comment
require "json"

module Crlf
=begin
not a doc
=end
  def first(a)
    if a && a > 1
      a
    end
  end

  def second
  end
end
