;; The hot loop of counting a large ballots file (ballot-scan.ts): plain ballot lines are split with SIMD
;; compares, each cell's mark is looked up by its bytes, and ballots that are simply valid are added up here.
;; Any line that is not that simple — a quote, a control character, a lone CR, a line as wide as it should
;; not be, an empty line, a long cell, an odd serial, a mark in the void column, an unreadable mark, too
;; many approvals, a blank ballot that is void — is handed back, and the caller counts it as before, so the
;; result is the same line for line. compile with `node scripts/wasm.mjs`.
;;
;; Memory (bytes):
;;   0       keys: 8192 × i64, a cell's bytes (up to 7) and its length in the top byte; -1 = none
;;   65536   codes: 8192 × u8, the mark code (ballots.ts markCode) of the key in the same slot
;;   73984   column roles: 256 × u8: 0 other, 1 serial, 2 void, 3 a ballot line
;;   74240   line index of each column: 256 × u8
;;   74496   the current ballot's codes, by line: 256 × u8
;;   74752   counts: 256 lines × 4 marks × i32
;;   81920   serials of the ballots taken by the last scan: 65536 × i32 (-1: none)
;;   393216  the input
;; Status after scan: 0 the rest is not a whole line; 1 the line at the returned position is the caller's;
;; 2 a cell's bytes are not in the table yet (missStart/missEnd; learn their code, then scan again from
;; the returned position); 3 the serials are full (take them, then scan again).
(module
  (memory (export "memory") 16)
  (global $width (mut i32) (i32.const 0))
  (global $maxApprovals (mut i32) (i32.const 0))
  (global $blankVoid (mut i32) (i32.const 0))
  (global $delimiter (mut i32) (i32.const 44))
  (global $serialCap (mut i32) (i32.const 65536))
  (global $rows (export "rows") (mut i32) (i32.const 0))
  (global $status (export "status") (mut i32) (i32.const 0))
  (global $missStart (export "missStart") (mut i32) (i32.const 0))
  (global $missEnd (export "missEnd") (mut i32) (i32.const 0))
  (global $missKey (mut i64) (i64.const 0))
  (global $missSlot (mut i32) (i32.const 0))

  (func (export "setup") (param $width i32) (param $delimiter i32) (param $maxApprovals i32) (param $blankVoid i32)
    (global.set $width (local.get $width))
    (global.set $delimiter (local.get $delimiter))
    (global.set $maxApprovals (local.get $maxApprovals))
    (global.set $blankVoid (local.get $blankVoid)))

  ;; Stores the code of the cell the last scan could not find (the caller worked it out from missStart/missEnd).
  (func (export "learn") (param $code i32)
    (i64.store (i32.shl (global.get $missSlot) (i32.const 3)) (global.get $missKey))
    (i32.store8 offset=65536 (global.get $missSlot) (local.get $code)))

  ;; Takes back the counts of the line columns among the first `cols` columns of a line left to the caller.
  (func $uncount (param $cols i32)
    (local $c i32) (local $ix i32) (local $addr i32)
    (block $end
      (loop $next
        (br_if $end (i32.ge_u (local.get $c) (local.get $cols)))
        (if (i32.eq (i32.load8_u offset=73984 (local.get $c)) (i32.const 3))
          (then
            (local.set $ix (i32.load8_u offset=74240 (local.get $c)))
            (local.set $addr (i32.shl (i32.or (i32.shl (local.get $ix) (i32.const 2))
                                              (i32.and (i32.load8_u offset=74496 (local.get $ix)) (i32.const 3)))
                                      (i32.const 2)))
            (i32.store offset=74752 (local.get $addr) (i32.sub (i32.load offset=74752 (local.get $addr)) (i32.const 1)))))
        (local.set $c (i32.add (local.get $c) (i32.const 1)))
        (br $next))))

  (func (export "scan") (param $p i32) (param $end i32) (result i32)
    (local $lineStart i32) (local $cellStart i32) (local $cellEnd i32) (local $col i32)
    (local $len i32) (local $key i64) (local $slot i32) (local $code i32) (local $role i32) (local $ix i32) (local $addr i32)
    (local $rows i32) (local $approvals i32) (local $filled i32) (local $unread i32)
    (local $serial i32) (local $d i32) (local $q i32)
    (local $v v128) (local $delims v128) (local $bounds i32) (local $lfs i32) (local $specials i32) (local $k i32) (local $pos i32)
    (local $eol i32)
    (local.set $delims (i8x16.splat (global.get $delimiter)))
    (block $done
      (loop $line
        (if (i32.ge_u (local.get $rows) (global.get $serialCap))
          (then (global.set $status (i32.const 3)) (br $done)))
        (local.set $lineStart (local.get $p))
        (local.set $cellStart (local.get $p))
        (local.set $col (i32.const 0))
        (local.set $serial (i32.const -1))
        (local.set $approvals (i32.const 0))
        (local.set $filled (i32.const 0))
        (local.set $unread (i32.const 0))
        (block $exceptional
          (block $incomplete
            (loop $block
              (br_if $incomplete (i32.ge_u (local.get $p) (local.get $end)))
              (local.set $v (v128.load (local.get $p)))
              (local.set $lfs (i8x16.bitmask (i8x16.eq (local.get $v) (i8x16.splat (i32.const 10)))))
              (local.set $specials (i8x16.bitmask
                (v128.or
                  (v128.or (i8x16.eq (local.get $v) (i8x16.splat (i32.const 0x22)))
                           (v128.or (i8x16.eq (local.get $v) (i8x16.splat (i32.const 0x7f)))
                                    (i8x16.eq (local.get $v) (i8x16.splat (i32.const 0xc2)))))
                  (v128.andnot
                    (i8x16.lt_u (local.get $v) (i8x16.splat (i32.const 0x20)))
                    (v128.or (v128.or (i8x16.eq (local.get $v) (i8x16.splat (i32.const 10)))
                                      (i8x16.eq (local.get $v) (i8x16.splat (i32.const 9))))
                             (i8x16.eq (local.get $v) (local.get $delims)))))))
              (local.set $bounds (i32.or (i32.or (local.get $lfs) (local.get $specials))
                                         (i8x16.bitmask (i8x16.eq (local.get $v) (local.get $delims)))))
              ;; bytes past the end are not the file's
              (if (i32.lt_u (i32.sub (local.get $end) (local.get $p)) (i32.const 16))
                (then (local.set $bounds (i32.and (local.get $bounds)
                        (i32.sub (i32.shl (i32.const 1) (i32.sub (local.get $end) (local.get $p))) (i32.const 1))))))
              (block $blockEnd
                (loop $boundary
                  (br_if $blockEnd (i32.eqz (local.get $bounds)))
                  (local.set $k (i32.ctz (local.get $bounds)))
                  (local.set $bounds (i32.and (local.get $bounds) (i32.sub (local.get $bounds) (i32.const 1))))
                  (local.set $pos (i32.add (local.get $p) (local.get $k)))
                  (local.set $cellEnd (local.get $pos))
                  (local.set $eol (i32.and (i32.shr_u (local.get $lfs) (local.get $k)) (i32.const 1)))
                  (if (i32.and (i32.shr_u (local.get $specials) (local.get $k)) (i32.const 1))
                    (then
                      ;; only a CR right before the LF
                      (br_if $exceptional (i32.ne (i32.load8_u (local.get $pos)) (i32.const 13)))
                      (br_if $incomplete (i32.ge_u (i32.add (local.get $pos) (i32.const 1)) (local.get $end)))
                      (br_if $exceptional (i32.ne (i32.load8_u offset=1 (local.get $pos)) (i32.const 10)))
                      (local.set $pos (i32.add (local.get $pos) (i32.const 1)))
                      (local.set $eol (i32.const 1))))
                  ;; the cell [cellStart, cellEnd)
                  (br_if $exceptional (i32.ge_u (local.get $col) (global.get $width)))
                  (local.set $role (i32.load8_u offset=73984 (local.get $col)))
                  (local.set $len (i32.sub (local.get $cellEnd) (local.get $cellStart)))
                  (if (i32.eq (local.get $role) (i32.const 1))
                    (then
                      ;; the serial: empty, or canonical decimal (no leading zero, at most 9 digits)
                      (if (local.get $len)
                        (then
                          (br_if $exceptional (i32.gt_u (local.get $len) (i32.const 9)))
                          (br_if $exceptional (i32.and (i32.gt_u (local.get $len) (i32.const 1))
                                                       (i32.eq (i32.load8_u (local.get $cellStart)) (i32.const 48))))
                          (local.set $serial (i32.const 0))
                          (local.set $q (local.get $cellStart))
                          (loop $digit
                            (local.set $d (i32.sub (i32.load8_u (local.get $q)) (i32.const 48)))
                            (br_if $exceptional (i32.gt_u (local.get $d) (i32.const 9)))
                            (local.set $serial (i32.add (i32.mul (local.get $serial) (i32.const 10)) (local.get $d)))
                            (local.set $q (i32.add (local.get $q) (i32.const 1)))
                            (br_if $digit (i32.lt_u (local.get $q) (local.get $cellEnd)))))))
                    (else
                      (if (local.get $role)
                        (then
                          ;; a ballot line or the void column: the cell's code, looked up by its bytes
                          (br_if $exceptional (i32.gt_u (local.get $len) (i32.const 7)))
                          (local.set $key
                            (i64.or
                              (i64.and (i64.load (local.get $cellStart))
                                       (i64.sub (i64.shl (i64.const 1) (i64.extend_i32_u (i32.shl (local.get $len) (i32.const 3)))) (i64.const 1)))
                              (i64.shl (i64.extend_i32_u (local.get $len)) (i64.const 56))))
                          (local.set $slot
                            (i32.shr_u
                              (i32.mul (i32.wrap_i64 (i64.xor (local.get $key) (i64.shr_u (local.get $key) (i64.const 29)))) (i32.const 0x9E3779B1))
                              (i32.const 19)))
                          (if (i64.ne (i64.load (i32.shl (local.get $slot) (i32.const 3))) (local.get $key))
                            (then
                              (call $uncount (local.get $col))
                              (global.set $missKey (local.get $key))
                              (global.set $missSlot (local.get $slot))
                              (global.set $missStart (local.get $cellStart))
                              (global.set $missEnd (local.get $cellEnd))
                              (global.set $status (i32.const 2))
                              (local.set $p (local.get $lineStart))
                              (br $done)))
                          (local.set $code (i32.load8_u offset=65536 (local.get $slot)))
                          (if (i32.eq (local.get $role) (i32.const 2))
                            ;; the void column: any mark in it leaves the ballot to the caller
                            (then (br_if $exceptional (i32.and (local.get $code) (i32.const 4))))
                            (else
                              (local.set $ix (i32.load8_u offset=74240 (local.get $col)))
                              (i32.store8 offset=74496 (local.get $ix) (local.get $code))
                              (local.set $filled (i32.or (local.get $filled) (local.get $code)))
                              (local.set $approvals (i32.add (local.get $approvals) (i32.eqz (i32.and (local.get $code) (i32.const 3)))))
                              (local.set $unread (i32.or (local.get $unread) (i32.eq (i32.and (local.get $code) (i32.const 3)) (i32.const 3))))
                              (local.set $addr (i32.shl (i32.or (i32.shl (local.get $ix) (i32.const 2)) (i32.and (local.get $code) (i32.const 3))) (i32.const 2)))
                              (i32.store offset=74752 (local.get $addr) (i32.add (i32.load offset=74752 (local.get $addr)) (i32.const 1)))))))))
                  (local.set $col (i32.add (local.get $col) (i32.const 1)))
                  (local.set $cellStart (i32.add (local.get $pos) (i32.const 1)))
                  (br_if $boundary (i32.eqz (local.get $eol)))
                  ;; the line ended at pos
                  (br_if $exceptional (i32.eq (local.get $cellEnd) (local.get $lineStart)))
                  (br_if $exceptional (i32.ne (local.get $col) (global.get $width)))
                  (br_if $exceptional (local.get $unread))
                  (br_if $exceptional (i32.gt_u (local.get $approvals) (global.get $maxApprovals)))
                  (br_if $exceptional (i32.and (global.get $blankVoid) (i32.eqz (i32.and (local.get $filled) (i32.const 4)))))
                  (i32.store offset=81920 (i32.shl (local.get $rows) (i32.const 2)) (local.get $serial))
                  (local.set $rows (i32.add (local.get $rows) (i32.const 1)))
                  (local.set $p (i32.add (local.get $pos) (i32.const 1)))
                  (br $line)))
              (local.set $p (i32.add (local.get $p) (i32.const 16)))
              (br $block)))
          ;; incomplete: the rest is not a whole line
          (call $uncount (local.get $col))
          (global.set $status (i32.const 0))
          (local.set $p (local.get $lineStart))
          (br $done))
        ;; exceptional: this line is left to the caller
        (call $uncount (local.get $col))
        (global.set $status (i32.const 1))
        (local.set $p (local.get $lineStart))
        (br $done)))
    (global.set $rows (local.get $rows))
    (local.get $p))
)
