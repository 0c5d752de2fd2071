class Before
  def fine(a)
    a if a
  end
end

def broken(x
  x +
end

class After
  def still(y)
    y
  end
end

def last_one
end
