# Nested modules, classes and methods.
module Outer
  VERSION = "1"

  module Inner::Deep
    class Widget < Base
      def initialize(name)
        @name = name
      end

      def self.build(name)
        new(name)
      end

      class << self
        def registry
          @registry ||= {}
        end
      end

      def render
        def helper
          1
        end
        helper
      end
    end
  end

  class Outer::Gadget
  end

  def Outer.configure
    yield
  end

  def util
  end
end

class ::TopLevel < Struct.new(:a)
  def to_s = "top"
end

def main_script
end

def String.shout(s)
  s.upcase
end

module Concern
  private def hidden; end
  included do
    def from_block; end
  end
end
