/**
 * The composition root: {@link dev.agent.Main} builds the real objects (streams, environment,
 * configuration, the provider registry), runs the command line and exits; {@code StartupTraining}
 * is the run that records the classes a start loads for the class-data archive.
 *
 * <p>May import: {@code dev.agent.cli}, {@code dev.agent.config}, {@code dev.agent.provider},
 * {@code dev.agent.tui}, {@code com.sun.net.httpserver} (the training's loopback server).
 */
package dev.agent;
