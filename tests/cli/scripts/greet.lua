-- A module for -l: returns a table.
return { hello = function(who) return "hello, " .. who end }
