def none # 1 + decisions, by schema/lang/ruby.md (Complexity)
  1
end # = 1

def branches(a, list)
  if a > 0 # +1
    1
  elsif a < -5 # +1
    2
  else # +0
    3
  end
  unless a # +1
    4
  end
  while a > 10 # +1
    a -= 1
  end
  until a < 0 # +1
    a -= 1
  end
  for x in list # +1
    puts x
  end
end # = 7

def modifiers(a)
  a += 1 if a # +1
  a -= 1 unless a # +1
  a += 1 while a < 3 # +1
  a -= 1 until a < 1 # +1
  a ? 1 : 2 # +1
end # = 6

def logic(p, q, r, s)
  (p && q) || (r and s) or p # +1 &&, +1 ||, +1 and, +1 or
end # = 5

def cases(v)
  case v # +0
  when 1, 2 then :low # +1: one when
  when 3 then :mid # +1
  else :high # +0
  end
end # = 3

def patterns(v)
  case v # +0
  in [x] then x # +1
  in Integer => n if n > 1 then n # +1; the guard +0
  end
end # = 3

def rescuing
  risky
rescue ArgumentError # +1
  1
rescue StandardError, IOError => e # +1
  2
ensure # +0
  done
end # = 3

def inline_rescue
  value = risky rescue nil # +1 rescue modifier
  begin
    work
  rescue # +1
    retry if again? && more? # +1 if modifier, +1 &&; retry +0
  end
  [1].each { |i| puts i if i } # +1: a block's if counts here
end # = 6
