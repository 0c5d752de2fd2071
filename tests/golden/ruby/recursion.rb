# cognitive complexity: +1 once for a method that calls itself, plainly or through self
class Rec
  def fact(n)
    return 1 if n <= 1 # +1
    n * fact(n - 1) # +1
  end

  def size(n)
    self.size(n - 1) # +1
  end
end
