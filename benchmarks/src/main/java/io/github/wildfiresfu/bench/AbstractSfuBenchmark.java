package io.github.wildfiresfu.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Common regime of every Wildfire SFU benchmark: average time per operation in nanoseconds,
 * one fork with a fixed heap, short warm-up and measurement (the machines are 2-core VMs; a
 * result is quoted with machine, JDK and commit in docs/performance.md).
 * Run: {@code java -jar benchmarks/target/benchmarks.jar [regex] [-prof gc]}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m", "--add-opens=java.base/java.lang=ALL-UNNAMED"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public abstract class AbstractSfuBenchmark {
}
