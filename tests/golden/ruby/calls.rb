def f
  g(1)
  self.h
  Foo.new(2)
  puts "x"
  bar
end
