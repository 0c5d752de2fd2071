def none
  1
end

def branches(a, list)
  if a > 0
    1
  elsif a < -5
    2
  else
    3
  end
  unless a
    4
  end
  while a > 10
    a -= 1
  end
  until a < 0
    a -= 1
  end
  for x in list
    puts x
  end
end

def modifiers(a)
  a += 1 if a
  a -= 1 unless a
  a += 1 while a < 3
  a -= 1 until a < 1
  a ? 1 : 2
end

def logic(p, q, r, s)
  (p && q) || (r and s) or p
end

def cases(v)
  case v
  when 1, 2 then :low
  when 3 then :mid
  else :high
  end
end

def patterns(v)
  case v
  in [x] then x
  in Integer => n if n > 1 then n
  end
end

def rescuing
  risky
rescue ArgumentError
  1
rescue StandardError, IOError => e
  2
ensure
  done
end

def inline_rescue
  value = risky rescue nil
  begin
    work
  rescue
    retry if again? && more?
  end
  [1].each { |i| puts i if i }
end
