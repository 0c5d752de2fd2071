# Cognitive complexity (schema/README.md "cognitive"): expected figure per method.
def flat(a, b) # 0
  a + b
end

def branches(x, v) # 9
  if x > 0 # +1
    1
  elsif x < 0 # +1
    2
  else # +1
    v.each do |i| # the block's own
      return i if i > 0
    end
    while x == 0 # +2
      return 3 if x && v # +3, && +1
    end
    0
  end
end

def rescuer(f) # 6
  begin
    f.call
  rescue ArgumentError # +1
    unless f # +2
      return x ? 1 : 2 # +3
    end
  end
end
