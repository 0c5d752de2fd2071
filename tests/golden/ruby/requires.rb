require "json"
require 'net/http'
require("set")
require_relative "support/helper"
require_relative '../lib/thing'
load "tasks/setup.rb"
autoload :Parser, "mylib/parser"
require "#{__dir__}/dynamic"
require File.join(__dir__, "computed")
Kernel.require "explicit_receiver"
YAML.load "not: an import"
x = "require 'quoted'"
