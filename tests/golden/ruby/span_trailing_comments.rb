# A definition ends with its `end`: a comment before it is inside the body.
def ended(x)
  x + 1
  # trailing comment inside the body
end
# after the method

class Holder
  def method
    1
    # trailing comment of the method
  end
  # trailing comment of the class body
end

def endless(x) = x * 2 # endless method, comment after it
