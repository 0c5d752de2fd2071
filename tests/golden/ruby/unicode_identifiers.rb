# encoding: utf-8
module Straße
  class Größe
    def berechne_fläche(länge, breite)
      länge * breite
    end

    def 計算(値)
      値
    end
  end
end

def überall
end
