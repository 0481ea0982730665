// webpack-cli 7 needs Node 22, so the example drives webpack through its Node API.
import webpack from 'webpack'
import config from './webpack.config.js'

webpack(config, (error, stats) => {
  if (error) throw error
  console.log(stats.toString({ colors: process.stdout.isTTY, modules: false }))
  if (stats.hasErrors()) process.exitCode = 1
})
