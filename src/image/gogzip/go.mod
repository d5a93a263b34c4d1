module image-size-budget/gogzip

go 1.19
