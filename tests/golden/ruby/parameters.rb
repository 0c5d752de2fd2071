class Params
  def plain(a, b)
  end

  def optional(a, b = 2, c = a + 1)
  end

  def splats(*rest, **opts, &blk)
  end

  def keywords(req:, opt: 1)
  end

  def anonymous(*, **, &)
  end

  def forwarding(...)
    other(...)
  end

  def destructured((first, second), last)
  end

  def no_parens x, y
  end

  def ==(other)
  end

  def [](index)
  end

  def value=(v)
  end

  def empty?
  end

  def self.create(attrs = {})
  end
end
