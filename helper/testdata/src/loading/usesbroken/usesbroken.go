package usesbroken

import "example.com/loading/broken"

func F() any { return broken.T{A: 1} }
