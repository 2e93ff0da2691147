// RUN: mlc-opt --list-passes | filecheck %s

// Named pipelines come first, then every pass with its description and typed options.
// CHECK:      Available Pipelines:
// CHECK-NEXT:   --mlc-default: canonicalize,fold-constants,canonicalize,cse,recompose,{{.*}},fuse-elementwise
// CHECK:      Available Passes:
// CHECK:        --approximate-math-with-bitcast: This pass applies approximations for some math operations
// CHECK-NEXT:     --log=<bool> (default: true)
// CHECK-NEXT:     --exp=<bool> (default: true)
// CHECK:        --canonicalize: {{.+}}
// CHECK:        --scf-parallel-loop-tiling: (no description)
// CHECK-NEXT:     --parallel-loop-tile-sizes=<tuple[int, ...]> (required)
