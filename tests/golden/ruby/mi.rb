# LLOC: definitions, control structures, jumps, assignments and modifiers; a bare call is none
module Mi
  class Counter
    def sum(xs)
      s = 0
      xs.each do |x|
        next if x.negative?
        s += x
      end
      if s > 10 && s < 100
        puts s
      elsif s.zero?
        return 0
      end
      s
    end
  end
end
